namespace Iot.Testing;

/// <summary>A fresh directory under the system temp directory, deleted with everything in it on disposal.</summary>
public sealed class TempDirectory(string prefix = "iot-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean /tmp; not worth failing a test over.
        }
    }
}
