using Iot.City;
using Iot.Hub.Devices;
using Iot.Hub.Internal;

namespace Iot.Hub.City;

public static class CityExtensions
{
    /// <summary>Path of the shipped demo commune, copied next to the hub's binaries.</summary>
    public static string DemoCityPath => Path.Combine(AppContext.BaseDirectory, "cities", "demo.city.json");

    /// <summary>The city file the hub loads for these options: the demo, <c>City:File</c>, or null when neither is set.</summary>
    public static string? CityFilePath(CityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Demo ? DemoCityPath : string.IsNullOrWhiteSpace(options.File) ? null : options.File;
    }

    /// <summary>
    /// Loads the city named by <c>City:File</c> (or the demo with <c>City:Demo</c>): the one owner of the city model, its
    /// spatial index and the device registry over it.
    /// </summary>
    public static IServiceCollection AddCity(this IServiceCollection services)
    {
        services.AddOptions<CityOptions>()
            .BindConfiguration(CityOptions.SectionName)
            .Validate(o => o.Demo || !string.IsNullOrWhiteSpace(o.File), "City:File is required: the path of a city file (or start with --demo for the demo commune).")
            .Validate(o => o.Demo || string.IsNullOrWhiteSpace(o.File) || System.IO.File.Exists(o.File), "City:File names a file that does not exist.")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CityOptions>>().Value;
            var path = CityFilePath(options)!;
            var city = CityLoader.Load(path);
            Log.CityLoaded(sp.GetRequiredService<ILogger<DeviceRegistry>>(), path, city.Communes.Count, city.Assets.Count, city.Agents.Count);
            return city;
        });
        services.AddSingleton(sp => new CityIndex(sp.GetRequiredService<CityModel>()));
        services.AddSingleton(sp => new DeviceRegistry(sp.GetRequiredService<CityModel>()));
        services.AddSingleton<LiveState>();
        services.AddHostedService<DemoNotice>();
        return services;
    }
}
