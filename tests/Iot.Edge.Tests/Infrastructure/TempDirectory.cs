namespace Iot.Edge.Tests.Infrastructure;

/// <summary>A temp directory deleted on disposal.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("iot-edge-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean /tmp.
        }
    }
}
