using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>
/// An edge agent in a child process, so that a test can SIGKILL it: either the real agent program
/// (<c>Iot.Edge.dll run --config FILE</c>, copied next to the tests by the project reference) with the real drivers, or
/// this test executable's <c>edge-agent-child</c> mode (the same loader, host and agent service, with the counting
/// driver). Its output is kept for failure messages.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AgentProcess(Process process)
    {
        _process = process;
    }

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>The real agent program with its real drivers.</summary>
    public static AgentProcess StartProgram(string configFile) =>
        Start([Path.Combine(AppContext.BaseDirectory, "Iot.Edge.dll"), "run", "--config", configFile], configFile);

    /// <summary>The agent service with the counting test driver (<see cref="TestEntryPoint"/>).</summary>
    public static AgentProcess StartWithCountingDriver(string configFile) =>
        Start([Path.Combine(AppContext.BaseDirectory, "Iot.Edge.Tests.dll"), TestEntryPoint.ChildCommand, configFile], configFile);

    private static AgentProcess Start(string[] arguments, string configFile)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(configFile)!,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the agent process did not start");
        var agent = new AgentProcess(process);
        process.OutputDataReceived += (_, e) => agent.Record(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>SIGKILL: no shutdown code of the agent runs.</summary>
    public async Task KillAsync()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-KILL", _process.Id.ToString(CultureInfo.InvariantCulture) } }))
        {
            await kill!.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
