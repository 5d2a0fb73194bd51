namespace Cosim.Testbench.Tests;

public sealed class DocumentationTests
{
    [Fact]
    public void TheExampleInDocsTestbenchMdIsTheOneThatIsCompiledAndRun()
    {
        // docs/testbench.md shows DocumentationExample.cs verbatim between its "csharp" fences.
        string root = RepositoryRoot();
        string markdown = File.ReadAllText(Path.Combine(root, "docs", "testbench.md")).ReplaceLineEndings("\n");
        string example = File.ReadAllText(Path.Combine(root, "testbenches", "tests", "Cosim.Testbench.Tests", "DocumentationExample.cs")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + example + "```\n", markdown, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cosim.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cosim.sln not found above " + AppContext.BaseDirectory);
    }
}
