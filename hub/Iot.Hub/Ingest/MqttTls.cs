using System.Security.Cryptography.X509Certificates;

namespace Iot.Hub.Ingest;

/// <summary>Reads the PEM files named by <see cref="MqttTlsOptions"/>.</summary>
internal static class MqttTls
{
    /// <summary>The certificates of a CA file; throws when it holds none.</summary>
    public static X509Certificate2Collection LoadCa(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("the file holds no certificate", nameof(path));
        }

        return certificates;
    }

    /// <summary>
    /// The hub's client certificate with its key. Exported and re-imported as PKCS#12 so that SslStream can use the
    /// key on every platform (an ephemeral key from PEM is refused by SChannel).
    /// </summary>
    public static X509Certificate2 LoadClientCertificate(string certificateFile, string keyFile)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
