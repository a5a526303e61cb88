using System.Reflection;

namespace Iot.Simulators.Tests.Infrastructure;

/// <summary>The simulators' command-line program, as a user runs it.</summary>
public static class SimulatorsProgram
{
    /// <summary>The program as built in its own project's output (<c>SimulatorsDll</c>, set by the test project).</summary>
    public static string Dll { get; } =
        typeof(SimulatorsProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SimulatorsDll").Value!;
}
