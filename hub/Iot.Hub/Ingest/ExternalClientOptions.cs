using MQTTnet;

namespace Iot.Hub.Ingest;

/// <summary>
/// MQTTnet client options of the hub in External mode: MQTT 5, a persistent session (CleanStart = false and a session
/// expiry), the Receive Maximum that bounds unacknowledged deliveries, credentials and TLS from <see cref="MqttOptions"/>.
/// </summary>
internal static class ExternalClientOptions
{
    public static MqttClientOptions Build(MqttOptions options, TimeSpan timeout)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(options.ClientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)options.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)options.ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithTimeout(timeout);
        if (!string.IsNullOrEmpty(options.Username))
        {
            builder.WithCredentials(options.Username, options.Password ?? string.Empty);
        }

        var tls = options.Tls;
        if (tls.Enabled)
        {
            builder.WithTlsOptions(t =>
            {
                t.UseTls().WithTargetHost(options.Host);
                if (tls.CaFile is not null)
                {
                    t.WithTrustChain(MqttTls.LoadCa(tls.CaFile));
                }

                if (tls.ClientCertificateFile is not null)
                {
                    t.WithClientCertificates([MqttTls.LoadClientCertificate(tls.ClientCertificateFile, tls.ClientKeyFile!)]);
                }

                if (tls.AllowUntrusted)
                {
                    t.WithCertificateValidationHandler(_ => true);
                }
            });
        }

        return builder.Build();
    }
}
