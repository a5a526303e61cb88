using Iot.Hub.Agents;
using Iot.Hub.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Ingest;

public static class IngestExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddOptions<MqttOptions>()
            .BindConfiguration(MqttOptions.SectionName)
            .ValidateSection(MqttOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>();
        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .ValidateSection(IngestOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IngestStats>();
        services.AddSingleton<AgentCredentialStore>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<IIngestPipeline>(sp => sp.GetRequiredService<IngestPipeline>());
        services.AddHostedService(sp => sp.GetRequiredService<IngestPipeline>());

        // One broker front end runs, chosen by Mqtt:Mode. It is registered after the pipeline, so it stops first and
        // the pipeline then drains what the front end queued.
        services.AddSingleton<EmbeddedBroker>();
        services.AddSingleton<ExternalBrokerClient>();
        services.AddSingleton<IHostedService>(FrontEnd); // not AddHostedService: it dedupes by the factory's return type
        services.AddSingleton<IMqttPublisher>(sp => (IMqttPublisher)FrontEnd(sp));
        return services;
    }

    private static IHostedService FrontEnd(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<MqttOptions>>().Value.Mode == MqttMode.External
            ? sp.GetRequiredService<ExternalBrokerClient>()
            : sp.GetRequiredService<EmbeddedBroker>();
}
