using Iot.Contracts;
using Iot.Edge.Drivers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>Builds drivers the way the agent does: factories from <c>AddSerialDrivers</c>, settings from a config section.</summary>
public static class DriverHarness
{
    public static IDeviceDriver Create(string driver, string deviceId, ServiceKind service, SerialSettings serial, IDictionary<string, string?> settings, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(kv => new KeyValuePair<string, string?>("Devices:0:Settings:" + kv.Key, kv.Value)))
            .Build();
        using var services = new ServiceCollection().AddSerialDrivers().BuildServiceProvider();
        var factory = services.GetServices<IDriverFactory>().Single(f => f.Name == driver);
        return factory.Create(new DriverContext(deviceId, service, serial, configuration.GetSection("Devices:0:Settings"), time, NullLoggerFactory.Instance));
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Iot.Hub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (Iot.Hub.sln) not found");
    }
}
