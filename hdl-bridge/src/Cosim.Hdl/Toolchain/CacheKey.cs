using System.Security.Cryptography;
using System.Text;

namespace Cosim.Hdl.Toolchain;

/// <summary>Helpers for the SHA-256 cache keys: every text is length-prefixed so that no two inputs run together.</summary>
internal static class CacheKey
{
    /// <summary>Hex characters of a key (128 bits: unique enough for a cache, short enough for a path).</summary>
    internal const int Length = 32;

    internal static IncrementalHash Create() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    internal static void Add(IncrementalHash hash, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    internal static void AddFile(IncrementalHash hash, string label, string path)
    {
        Add(hash, label);
        byte[] content = File.ReadAllBytes(path);
        Add(hash, content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        hash.AppendData(content);
    }

    internal static string Finish(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset())[..Length];
}
