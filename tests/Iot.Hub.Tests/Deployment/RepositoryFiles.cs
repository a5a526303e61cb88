namespace Iot.Hub.Tests.Deployment;

/// <summary>Files at the root of the repository the tests were built from.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Iot.Hub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Iot.Hub.sln above {AppContext.BaseDirectory}.");
    }
}
