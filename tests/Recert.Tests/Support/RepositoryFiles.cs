namespace Recert.Tests.Support;

/// <summary>Files of the repository that tests check against the API (the web client, the published contract).</summary>
public static class RepositoryFiles
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Recert.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Recert.sln not found above the test directory.");
    }

    public static string ReadAllText(params string[] pathFromRoot) => File.ReadAllText(Path.Combine([Root(), .. pathFromRoot]));
}
