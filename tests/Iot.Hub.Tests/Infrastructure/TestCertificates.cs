using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Iot.Hub.Tests.Infrastructure;

/// <summary>
/// A throw-away private CA with a server certificate for 127.0.0.1/localhost and a client certificate, written as PEM
/// files (what mosquitto and the hub's <c>Mqtt:Tls</c> settings read).
/// </summary>
public sealed record TestCertificates(string CaFile, string ServerCertFile, string ServerKeyFile, string ClientCertFile, string ClientKeyFile)
{
    public static TestCertificates Create(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Iot.Hub test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        var files = new TestCertificates(
            Path.Combine(directory, "ca.pem"),
            Path.Combine(directory, "server.pem"),
            Path.Combine(directory, "server.key"),
            Path.Combine(directory, "client.pem"),
            Path.Combine(directory, "client.key"));
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());
        Issue(ca, "CN=localhost", serverAuth: true, files.ServerCertFile, files.ServerKeyFile, now, 1);
        Issue(ca, "CN=iot-hub", serverAuth: false, files.ClientCertFile, files.ClientKeyFile, now, 2);
        return files;
    }

    private static void Issue(X509Certificate2 ca, string subject, bool serverAuth, string certFile, string keyFile, DateTimeOffset now, byte serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        using var certificate = request.Create(ca, now.AddDays(-1), now.AddDays(1), [serial]);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
