using Iot.Hub.Internal;
using Iot.Hub.Agents;

namespace Iot.Hub.Ingest;

public static class IngestExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddOptions<MqttOptions>()
            .BindConfiguration(MqttOptions.SectionName)
            .ValidateSection(MqttOptions.SectionName)
            .Validate(o => o.Mode == MqttMode.Embedded, "Mqtt:Mode=External is not available in this build yet; use Mqtt:Mode=Embedded.")
            .Validate(o => System.Net.IPAddress.TryParse(o.BindAddress, out _), "Mqtt:BindAddress must be an IP address such as 0.0.0.0 or 127.0.0.1.")
            .ValidateOnStart();
        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .ValidateSection(IngestOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IngestStats>();
        services.AddSingleton<AgentCredentialStore>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<IIngestPipeline>(sp => sp.GetRequiredService<IngestPipeline>());
        services.AddHostedService(sp => sp.GetRequiredService<IngestPipeline>());
        services.AddSingleton<EmbeddedBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        return services;
    }
}
