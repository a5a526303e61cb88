using System.Diagnostics;
using System.Globalization;
using Iot.Simulators.Tests.Infrastructure;

namespace Iot.Simulators.Tests;

/// <summary>The <c>serial-*</c> commands as a user runs them: a real process with its own socat pseudo-terminal pair.</summary>
public sealed class SerialCommandTests
{
    [Theory]
    [InlineData("-TERM")]
    [InlineData("-INT")]
    [InlineData("-HUP")]
    public async Task SerialCabinet_Stopped_ExitsCleanly_AndTakesItsSocatWithIt(string signal)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { SimulatorsProgram.Dll, "serial-cabinet", "--lamps", "2" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            // It prints the port for the agent once socat made the pair.
            var line = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.NotNull(line);
            Assert.StartsWith("serial port for the edge agent: ", line, StringComparison.Ordinal);
            var host = line["serial port for the edge agent: ".Length..];
            Assert.True(File.Exists(host), $"{host} does not exist");
            var socat = Children(process.Id).Single(p => p.Name == "socat");

            using (var kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await errors}");
            Assert.False(IsRunning(socat.Id), $"socat {socat.Id} was left running");
            Assert.False(File.Exists(host), $"{host} was left behind");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static List<(int Id, string Name)> Children(int parent) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Select(pid => (pid, Stat: TryRead($"/proc/{pid}/stat") ?? ""))
            .Where(p => p.Stat.Length > 0)
            .Select(p => (p.pid, Name: p.Stat[(p.Stat.IndexOf('(', StringComparison.Ordinal) + 1)..p.Stat.LastIndexOf(')')], Fields: p.Stat[(p.Stat.LastIndexOf(')') + 2)..].Split(' ')))
            .Where(p => int.Parse(p.Fields[1], CultureInfo.InvariantCulture) == parent)
            .Select(p => (p.pid, p.Name))];

    private static bool IsRunning(int pid) => TryRead($"/proc/{pid}/stat") is { } stat && stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
