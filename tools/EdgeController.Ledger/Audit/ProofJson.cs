using System.Text.Json;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// The proofs' JSON of docs/design.md: inclusion
/// <c>{"idx":N,"tree_size":S,"leaf_hash":"&lt;hex&gt;","root":"&lt;hex&gt;","path":["&lt;hex&gt;",...]}</c>
/// (entry N is leaf N-1) and consistency <c>{"from":S1,"to":S2,"path":[...]}</c>, hashes lowercase hex.
/// </summary>
public static class ProofJson
{
    /// <summary>An inclusion proof.</summary>
    public sealed record InclusionProof(long Index, long TreeSize, byte[] LeafHash, byte[] Root, IReadOnlyList<byte[]> Path);

    /// <summary>A consistency proof.</summary>
    public sealed record ConsistencyProof(long From, long To, IReadOnlyList<byte[]> Path);

    /// <summary>One line of JSON.</summary>
    public static string Write(InclusionProof proof)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("idx", proof.Index);
            json.WriteNumber("tree_size", proof.TreeSize);
            json.WriteString("leaf_hash", Convert.ToHexStringLower(proof.LeafHash));
            json.WriteString("root", Convert.ToHexStringLower(proof.Root));
            WritePath(json, proof.Path);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One line of JSON.</summary>
    public static string Write(ConsistencyProof proof)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("from", proof.From);
            json.WriteNumber("to", proof.To);
            WritePath(json, proof.Path);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads an inclusion proof; throws FormatException when it is not one.</summary>
    public static InclusionProof ReadInclusion(string text)
    {
        using JsonDocument document = Parse(text);
        JsonElement root = document.RootElement;
        return new InclusionProof(Integer(root, "idx"), Integer(root, "tree_size"), Hash(root, "leaf_hash"), Hash(root, "root"), Path(root));
    }

    /// <summary>Reads a consistency proof; throws FormatException when it is not one.</summary>
    public static ConsistencyProof ReadConsistency(string text)
    {
        using JsonDocument document = Parse(text);
        JsonElement root = document.RootElement;
        return new ConsistencyProof(Integer(root, "from"), Integer(root, "to"), Path(root));
    }

    private static void WritePath(Utf8JsonWriter json, IReadOnlyList<byte[]> path)
    {
        json.WriteStartArray("path");
        foreach (byte[] hash in path)
        {
            json.WriteStringValue(Convert.ToHexStringLower(hash));
        }

        json.WriteEndArray();
    }

    private static JsonDocument Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException exception)
        {
            throw new FormatException("not JSON: " + exception.Message, exception);
        }
    }

    private static long Integer(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out JsonElement value) && value.TryGetInt64(out long number)
            ? number
            : throw new FormatException($"no integer \"{name}\"");

    private static byte[] Hash(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? DecodeHash(value.GetString()!, name) : throw new FormatException($"no \"{name}\"");

    private static List<byte[]> Path(JsonElement root) =>
        root.TryGetProperty("path", out JsonElement path) && path.ValueKind == JsonValueKind.Array
            ? path.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? DecodeHash(item.GetString()!, "path") : throw new FormatException("a path element is not a string")).ToList()
            : throw new FormatException("no \"path\" array");

    private static byte[] DecodeHash(string hex, string name)
    {
        try
        {
            byte[] hash = Convert.FromHexString(hex);
            return hash.Length == MerkleHash.Bytes ? hash : throw new FormatException($"\"{name}\" is not 32 bytes");
        }
        catch (FormatException exception) when (exception.Message.StartsWith("The input", StringComparison.Ordinal))
        {
            throw new FormatException($"\"{name}\" is not hex", exception);
        }
    }
}
