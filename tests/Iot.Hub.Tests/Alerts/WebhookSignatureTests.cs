using System.Text;
using Iot.Hub.Alerts;

namespace Iot.Hub.Tests.Alerts;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"event\":\"opened\"}");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_763_931_845);

    [Fact]
    public void Sign_IsHmacSha256OfTimestampDotBody_InLowerHex()
    {
        // Independent recomputation: HMAC-SHA256(key, "1763931845.{body}").
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("k3y-k3y-k3y-k3y-k3y"));
        var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes("1763931845.{\"event\":\"opened\"}"))).ToLowerInvariant();
        Assert.Equal(expected, WebhookSignature.Sign("k3y-k3y-k3y-k3y-k3y", 1_763_931_845, Body));
    }

    [Fact]
    public void Verify_RejectsTamperedBodyWrongSecretAndStaleTimestamp()
    {
        var signature = WebhookSignature.Sign("k3y-k3y-k3y-k3y-k3y", Now.ToUnixTimeSeconds(), Body);
        var ts = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var window = WebhookSignature.DefaultTolerance;
        Assert.True(WebhookSignature.Verify("k3y-k3y-k3y-k3y-k3y", ts, signature, Body, Now.AddMinutes(4), window));
        Assert.False(WebhookSignature.Verify("k3y-k3y-k3y-k3y-k3y", ts, signature, Encoding.UTF8.GetBytes("{\"event\":\"closed\"}"), Now, window));
        Assert.False(WebhookSignature.Verify("another-secret-here", ts, signature, Body, Now, window));
        Assert.False(WebhookSignature.Verify("k3y-k3y-k3y-k3y-k3y", ts, signature, Body, Now.AddMinutes(6), window));
        Assert.False(WebhookSignature.Verify("k3y-k3y-k3y-k3y-k3y", "abc", signature, Body, Now, window));
    }
}
