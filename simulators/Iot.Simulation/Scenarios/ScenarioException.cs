namespace Iot.Simulation.Scenarios;

/// <summary>A scenario file that cannot be played; <see cref="Errors"/> lists every mistake with its JSON path.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
        : this("scenario", [])
    {
    }

    public ScenarioException(string message)
        : this("scenario", [new ScenarioError("$", message)])
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ScenarioError("$", message)];
    }

    public ScenarioException(string source, IReadOnlyList<ScenarioError> errors)
        : base(Format(source, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ScenarioError> Errors { get; }

    private static string Format(string source, IReadOnlyList<ScenarioError> errors) =>
        string.Join('\n', [$"{source}: {errors.Count} error(s) in scenario file", .. errors.Select(e => $"{source}: {e}")]);
}
