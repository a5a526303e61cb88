namespace Iot.Hub.Open311;

/// <summary>Log messages of Open311. Event ids 1500–1599.</summary>
internal static partial class Open311Log
{
    [LoggerMessage(1500, LogLevel.Information, "Service request {Id} ({ServiceCode}) received from {Source}: ticket #{TicketId}, linked {Linked}")]
    public static partial void Received(ILogger logger, long id, string serviceCode, long ticketId, bool linked, string source);

    [LoggerMessage(1501, LogLevel.Error, "Service requests of ticket #{TicketId} could not follow its change")]
    public static partial void FollowFailed(ILogger logger, long ticketId, Exception exception);

    [LoggerMessage(1502, LogLevel.Information, "Open311: {Count} API key(s) ({Names}); POST limited to {PostPermits} per {PostWindow} s and GET to {GetPermits} per {GetWindow} s per client address")]
    public static partial void Configured(ILogger logger, int count, string names, int postPermits, int postWindow, int getPermits, int getWindow);

    [LoggerMessage(1503, LogLevel.Warning, "Open311: no API key is configured (Open311:ApiKeys), so POST requests.json refuses every request; the public page still works")]
    public static partial void NoApiKeys(ILogger logger);

    [LoggerMessage(1504, LogLevel.Information, "Open311: too many requests from {Client} on {Path}")]
    public static partial void RateLimited(ILogger logger, string client, string path);
}
