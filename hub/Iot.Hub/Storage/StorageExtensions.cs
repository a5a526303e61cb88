using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Iot.Hub.Storage.Influx;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateSection(StorageOptions.SectionName)
            // With InfluxDB the writer's batch window is Storage:Influx:FlushMs.
            .PostConfigure<IOptions<InfluxOptions>>((storage, influx) =>
            {
                if (storage.Telemetry == TelemetryStoreKind.Influx)
                {
                    storage.BatchDelayMs = influx.Value.FlushMs;
                }
            })
            .ValidateOnStart();
        services.AddOptions<InfluxOptions>()
            .BindConfiguration(InfluxOptions.SectionName)
            .ValidateSection(InfluxOptions.SectionName)
            .Validate(o => o.HasValidUrl(), "Storage:Influx:Url must be an absolute http:// or https:// address without a query or user name, such as http://127.0.0.1:8086 (credentials go in Storage:Influx:Username and Storage:Influx:Password).")
            .ValidateOnStart();
        services.AddSingleton<HubDatabase>();
        services.AddSingleton<SqliteTelemetryStore>();
        services.AddSingleton(sp => new InfluxTelemetryStore(
            sp.GetRequiredService<IOptions<InfluxOptions>>(),
            sp.GetRequiredService<IOptions<StorageOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InfluxTelemetryStore>>(),
            sp.GetRequiredService<DeviceRegistry>()));
        services.AddSingleton<ITelemetryStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Telemetry switch
        {
            TelemetryStoreKind.Influx => sp.GetRequiredService<InfluxTelemetryStore>(),
            _ => sp.GetRequiredService<SqliteTelemetryStore>(),
        });
        services.AddSingleton<TelemetryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryWriter>());
        services.AddHostedService<RetentionService>();
        services.AddHealthChecks().AddCheck<InfluxHealthCheck>("telemetry-store");
        return services;
    }
}
