namespace Photon.Testing;

/// <summary>The checkout the tests run from, found by walking up to <c>Photon.Orleans.sln</c>.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Photon.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Photon.Orleans.sln not found above {AppContext.BaseDirectory}");
    }
}
