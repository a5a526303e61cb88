using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Iot.Contracts;
using Iot.Edge.Configuration;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Iot.Edge.Agent;

/// <summary>Builds the agent's MQTT 5 connect options: client id and user are the agent id, the secret is the password, and the Last Will is the offline status of the session.</summary>
internal static class BrokerConnection
{
    public static string StatusTopic(AgentConfig config, IReadOnlyDictionary<string, ServiceKind> devices)
    {
        // The hub takes an agent's status on its own id under any service segment; the broker's ACL (MosquittoFiles)
        // allows those of the agent's kind. Default: the service of the device that bears the agent's id (a cabinet
        // controller is its cabinet), else that of the first device, as the agent simulator does.
        var service = config.StatusService
            ?? (devices.TryGetValue(config.AgentId, out var own) ? own : config.Devices[0].Service);
        return Topics.Format(config.Commune, service, config.AgentId, MessageKind.Status);
    }

    public static byte[] Status(AgentConfig config, string state, long session, long ts) =>
        JsonSerializer.SerializeToUtf8Bytes(new StatusPayload(ts, state, session, config.AgentId, Firmware), WireJsonContext.Default.StatusPayload);

    public static string Firmware { get; } = typeof(BrokerConnection).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static MqttClientOptions Options(AgentConfig config, string statusTopic, byte[] will)
    {
        var broker = config.Broker;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(config.AgentId)
            .WithCredentials(config.AgentId, config.Secret)
            .WithKeepAlivePeriod(broker.KeepAlive)
            .WithTimeout(broker.ConnectTimeout)
            // A persistent session: commands sent during a short outage are delivered on reconnect (and refused if expired).
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)broker.SessionExpiry.TotalSeconds)
            .WithWillTopic(statusTopic)
            .WithWillPayload(will)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (broker.Tls.Enabled)
        {
            var tls = broker.Tls;
            builder.WithTlsOptions(t =>
            {
                t.UseTls().WithTargetHost(broker.Host);
                if (tls.CaFile is not null)
                {
                    var ca = new X509Certificate2Collection();
                    ca.ImportFromPemFile(tls.CaFile);
                    t.WithTrustChain(ca);
                }

                if (tls.ClientCertificateFile is not null)
                {
                    using var pem = X509Certificate2.CreateFromPemFile(tls.ClientCertificateFile, tls.ClientKeyFile);
                    t.WithClientCertificates([X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null)]);
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
