using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Open311.Internal;

/// <summary>The configured API keys, compared in constant time (as SHA-256 digests, so lengths do not leak either).</summary>
internal sealed class ApiKeyRing(IOptions<Open311Options> options)
{
    private readonly (byte[] Digest, string Name)[] _keys =
        [.. options.Value.ApiKeys.Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)), k.Name))];

    public int Count => _keys.Length;

    /// <summary>The name of the key, or null when it is none of them.</summary>
    public string? Find(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        string? name = null;
        foreach (var (known, keyName) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, known))
            {
                name = keyName;
            }
        }

        return name;
    }
}
