using Iot.Hub.Users;

namespace Iot.Hub.Tests.Users;

public sealed class PasswordHashesTests
{
    [Fact]
    public void Hash_VerifiesTheSamePassword_AndRefusesAnother()
    {
        var hash = PasswordHashes.Hash("correct horse battery");

        Assert.True(PasswordHashes.Verify("correct horse battery", hash));
        Assert.False(PasswordHashes.Verify("correct horse batterY", hash));
        Assert.False(PasswordHashes.Verify("", hash));
    }

    [Fact]
    public void Hash_DescribesItself_WithAlgorithmIterationsAndAFreshSaltEachTime()
    {
        var first = PasswordHashes.Hash("same password");
        var second = PasswordHashes.Hash("same password");

        var parts = first.Split('$');
        Assert.Equal(["pbkdf2-sha256", "600000"], parts[..2]);
        Assert.Equal(PasswordHashes.SaltBytes, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(PasswordHashes.HashBytes, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(first, second); // per-hash salt: equal passwords do not give equal hashes
        Assert.NotEqual(parts[2], second.Split('$')[2]);
        Assert.False(PasswordHashes.NeedsUpgrade(first));
    }

    [Fact]
    public void Verify_ReadsAnOlderIterationCount_AndFlagsItForUpgrade()
    {
        // What a hub with 20,000 iterations would have stored: PBKDF2-HMAC-SHA256, computed here independently.
        var salt = new byte[16];
        var derived = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("old password"u8, salt, 20_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        var stored = $"pbkdf2-sha256$20000${Convert.ToBase64String(salt)}${Convert.ToBase64String(derived)}";

        Assert.True(PasswordHashes.Verify("old password", stored));
        Assert.False(PasswordHashes.Verify("old passwore", stored));
        Assert.True(PasswordHashes.NeedsUpgrade(stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("md5$1$AAAA$BBBB")]
    [InlineData("pbkdf2-sha256$abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$600000$not base64!$AAAA")]
    public void Verify_AnUnreadableHash_IsRefusedNotAccepted(string stored)
    {
        Assert.False(PasswordHashes.Verify("anything", stored));
        Assert.True(PasswordHashes.NeedsUpgrade(stored));
    }
}
