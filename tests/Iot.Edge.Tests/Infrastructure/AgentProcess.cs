using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>
/// An edge agent in a child process, so that a test can SIGKILL it: either the real agent program
/// (<c>Iot.Edge.dll run --config FILE</c>, from its own build output: see <see cref="ProgramDll"/>) with the real drivers, or
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

    /// <summary>The agent program as built in its own project's output (<c>EdgeAgentDll</c>, set by the test project).</summary>
    public static string ProgramDll { get; } =
        typeof(AgentProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EdgeAgentDll").Value!;

    /// <summary>The real agent program with its real drivers.</summary>
    public static AgentProcess StartProgram(string configFile) =>
        File.Exists(ProgramDll)
            ? Start([ProgramDll, "run", "--config", configFile], configFile)
            : throw new InvalidOperationException($"the agent program is not built at {ProgramDll}");

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

    /// <summary>SIGSTOP: the agent freezes with its connection open (a stalled board); <see cref="ResumeAsync"/> wakes it.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, _process.Id.ToString(CultureInfo.InvariantCulture) } });
        await kill!.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {_process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
