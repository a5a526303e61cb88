using Microsoft.Extensions.Options;

namespace Iot.Hub.Open311.Internal;

/// <summary>Says at start which API keys (by name) and limits Open311 runs with.</summary>
internal sealed class Open311Notice(IOptions<Open311Options> options, ILogger<Open311Notice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.ApiKeys.Count == 0)
        {
            Open311Log.NoApiKeys(logger);
        }
        else
        {
            Open311Log.Configured(logger, o.ApiKeys.Count, string.Join(", ", o.ApiKeys.Select(k => k.Name)),
                o.RateLimit.Post.PermitLimit, o.RateLimit.Post.WindowSeconds, o.RateLimit.Get.PermitLimit, o.RateLimit.Get.WindowSeconds);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
