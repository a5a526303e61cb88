using Iot.Hub.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateSection(StorageOptions.SectionName)
            .Validate(o => o.Telemetry == TelemetryStoreKind.Sqlite, "Storage:Telemetry=Influx is not available in this build yet; use Storage:Telemetry=Sqlite.")
            .ValidateOnStart();
        services.AddSingleton<HubDatabase>();
        services.AddSingleton<SqliteTelemetryStore>();
        services.AddSingleton<ITelemetryStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Telemetry switch
        {
            _ => sp.GetRequiredService<SqliteTelemetryStore>(),
        });
        services.AddSingleton<TelemetryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryWriter>());
        services.AddHostedService<RetentionService>();
        return services;
    }
}
