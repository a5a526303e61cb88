using Iot.Hub.Devices;
using Iot.Hub.Ingest;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Detection;

public static class DetectionExtensions
{
    /// <summary>
    /// The outage rules: <c>Detection:*</c> options (validated at start, naming the full key), the rules' loop as a hosted
    /// service. It hears telemetry as an <see cref="IIngestObserver"/> and raises problems into the
    /// <see cref="Tickets.IProblemSink"/>, both wired in <see cref="HubFlow"/>.
    /// </summary>
    public static IServiceCollection AddDetection(this IServiceCollection services)
    {
        services.AddOptions<DetectionOptions>()
            .BindConfiguration(DetectionOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) => BindContracts(options, configuration.GetSection(DetectionOptions.SectionName)))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DetectionOptions>>(sp => new DetectionOptionsValidator(() => sp.GetRequiredService<DeviceRegistry>().City));
        services.AddSingleton<DetectionService>();
        services.AddHostedService(sp => sp.GetRequiredService<DetectionService>());
        return services;
    }

    /// <summary>Each contract's rules start from the service defaults; its own keys are bound over them.</summary>
    private static void BindContracts(DetectionOptions options, IConfiguration section)
    {
        options.Contracts.Clear();
        foreach (var contract in section.GetSection("Contracts").GetChildren())
        {
            var rules = new ContractRules
            {
                Streetlight = options.Streetlight.Clone(),
                Cabinet = options.Cabinet.Clone(),
                Wastebin = options.Wastebin.Clone(),
                Bus = options.Bus.Clone(),
            };
            contract.GetSection("Streetlight").Bind(rules.Streetlight);
            contract.GetSection("Cabinet").Bind(rules.Cabinet);
            contract.GetSection("Wastebin").Bind(rules.Wastebin);
            contract.GetSection("Bus").Bind(rules.Bus);
            options.Contracts[contract.Key] = rules;
        }
    }
}
