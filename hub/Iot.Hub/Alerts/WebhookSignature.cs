using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Iot.Hub.Alerts;

/// <summary>
/// The webhook signature. Each POST carries <c>X-Iot-Timestamp</c> (Unix seconds of this attempt),
/// <c>X-Iot-Signature: sha256=&lt;hex&gt;</c> = lower-case hex of HMAC-SHA256(secret, UTF-8 of <c>{timestamp}.{body}</c>)
/// over the raw body bytes, and <c>X-Iot-Delivery</c> (stable across retries). A receiver recomputes the HMAC over the
/// raw body, compares in constant time, rejects a timestamp more than 5 minutes from its clock (replay window) and
/// ignores a delivery id it has already processed (retries after a lost response).
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Iot-Timestamp";
    public const string SignatureHeader = "X-Iot-Signature";
    public const string DeliveryHeader = "X-Iot-Delivery";
    public const string EventHeader = "X-Iot-Event";

    /// <summary>The default replay window of <see cref="Verify"/>.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The value of <c>X-Iot-Signature</c> for this timestamp and body.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>What a receiver does: true when the signature matches and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var ts) || signatureHeader is null)
        {
            return false;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - ts) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, ts, body));
        var actual = Encoding.ASCII.GetBytes(signatureHeader);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
