using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Open311.Internal;

/// <summary>
/// A fixed window per client IP address (ASP.NET Core's rate limiting middleware), refused with 429, a
/// <c>Retry-After</c> header and the Open311 error form. Its own <see cref="OnRejected"/>, so other features may
/// rate-limit their endpoints differently.
/// </summary>
internal abstract class Open311RateLimitPolicy(Func<Open311RateLimits, Open311RateLimit> pick, IOptions<Open311Options> options, ILogger logger)
    : IRateLimiterPolicy<string>
{
    public const string PostPolicy = "open311-post";
    public const string GetPolicy = "open311-get";

    private readonly Open311RateLimit _limit = pick(options.Value.RateLimit);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    /// <summary>The partition of a request: its client address (behind a reverse proxy, configure forwarded headers).</summary>
    public static string ClientKey(HttpContext http) => http?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(ClientKey(httpContext), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _limit.PermitLimit,
            Window = TimeSpan.FromSeconds(_limit.WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(_limit.WindowSeconds);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        Open311Log.RateLimited(logger, ClientKey(http), http.Request.Path);
        await Open311Results.Error(StatusCodes.Status429TooManyRequests,
            $"Too many requests from this address: at most {_limit.PermitLimit} per {_limit.WindowSeconds} s. Try again in {seconds} s.")
            .ExecuteAsync(http);
    }
}

internal sealed class Open311PostRateLimitPolicy(IOptions<Open311Options> options, ILogger<Open311PostRateLimitPolicy> logger)
    : Open311RateLimitPolicy(r => r.Post, options, logger);

internal sealed class Open311GetRateLimitPolicy(IOptions<Open311Options> options, ILogger<Open311GetRateLimitPolicy> logger)
    : Open311RateLimitPolicy(r => r.Get, options, logger);
