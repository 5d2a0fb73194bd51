using Cosim.Models.Nvme.Storage;

namespace Cosim.Models.Nvme.Tests.Storage;

public sealed class NamespaceStoreTests : IDisposable
{
    private readonly TestNamespace _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void AMissingFileIsCreatedWithTheRequestedSize()
    {
        using NamespaceStore store = NamespaceStore.Open(_file.Path, 1L << 30, 512);

        var info = new FileInfo(_file.Path);
        Assert.Equal(1L << 30, info.Length);
        Assert.Equal(1L << 30, store.Size);
    }

    [Fact]
    public void AnExistingFileKeepsItsContentsAndGrowsToTheRequestedSize()
    {
        File.WriteAllBytes(_file.Path, [1, 2, 3, 4]);

        using (NamespaceStore.Open(_file.Path, 4096, 512))
        {
        }

        byte[] contents = File.ReadAllBytes(_file.Path);
        Assert.Equal(4096, contents.Length);
        Assert.Equal([1, 2, 3, 4], contents[..4]);
    }

    [Fact]
    public void WithoutASizeAnExistingFileServesAtItsOwnSize()
    {
        File.WriteAllBytes(_file.Path, new byte[8192]);

        using NamespaceStore store = NamespaceStore.Open(_file.Path, null, 512);

        Assert.Equal(8192, store.Size);
    }

    [Fact]
    public void WithoutASizeAMissingFileIsRefused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => NamespaceStore.Open(_file.Path, null, 512));

        Assert.Contains("NamespaceSize", error.Message);
    }

    [Fact]
    public void AFileLargerThanTheRequestedSizeIsNotTruncated()
    {
        File.WriteAllBytes(_file.Path, new byte[8192]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => NamespaceStore.Open(_file.Path, 4096, 512));

        Assert.Contains("refusing to truncate", error.Message);
        Assert.Equal(8192, new FileInfo(_file.Path).Length);
    }

    [Fact]
    public void AnExistingFileThatIsNotWholeBlocksIsRefused()
    {
        File.WriteAllBytes(_file.Path, new byte[1000]);

        Assert.Throws<ArgumentException>(() => NamespaceStore.Open(_file.Path, null, 512));
    }

    [Fact]
    public void ASecondControllerOnTheSameFileIsRefused()
    {
        using NamespaceStore first = NamespaceStore.Open(_file.Path, 4096, 512);

        ArgumentException error = Assert.Throws<ArgumentException>(() => NamespaceStore.Open(_file.Path, 4096, 512));

        Assert.Contains("NvmeOptions.NamespacePath", error.Message);
    }

    [Fact]
    public void AFileInADirectoryThatDoesNotExistIsRefusedByName()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cosim-missing-{Guid.NewGuid():N}", "ns.img");

        ArgumentException error = Assert.Throws<ArgumentException>(() => NvmeController.Create(new NvmeOptions { NamespacePath = path, NamespaceSize = 4096 }));

        Assert.Contains("NvmeOptions.NamespacePath", error.Message);
    }

    [Fact]
    public async Task DeallocatedBytesReadAsZerosAndTheRestIsKept()
    {
        using NamespaceStore store = NamespaceStore.Open(_file.Path, 1 << 20, 512);
        byte[] data = [.. Enumerable.Repeat((byte)0xAB, 3 * 4096)];
        await store.WriteAsync(0, data);

        await store.DeallocateAsync(4096, 4096);
        var back = new byte[3 * 4096];
        await store.ReadAsync(0, back, default);

        Assert.Equal(data[..4096], back[..4096]);
        Assert.Equal(new byte[4096], back[4096..8192]);
        Assert.Equal(data[8192..], back[8192..]);
    }

    [Fact]
    public async Task DeallocatingAPartOfABlockZeroesExactlyThatPart()
    {
        using NamespaceStore store = NamespaceStore.Open(_file.Path, 1 << 20, 512);
        await store.WriteAsync(0, Enumerable.Repeat((byte)0xCD, 4096).ToArray());

        await store.DeallocateAsync(512, 512);
        var back = new byte[4096];
        await store.ReadAsync(0, back, default);

        Assert.All(back[..512], b => Assert.Equal(0xCD, b));
        Assert.All(back[512..1024], b => Assert.Equal(0, b));
        Assert.All(back[1024..], b => Assert.Equal(0xCD, b));
    }
}
