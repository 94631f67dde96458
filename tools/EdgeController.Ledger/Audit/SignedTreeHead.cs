using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// A signed tree head (docs/design.md, Audit): the C2SP tlog-checkpoint text
/// <c>&lt;origin&gt;\n&lt;size&gt;\n&lt;base64 root&gt;\n</c> with origin ec/v1/&lt;site&gt;/ledger and
/// the gateway's ECDSA P-256 signature over exactly those bytes, in DER. Its published form (the
/// "note") is the text, a blank line and one line <c>— &lt;origin&gt; &lt;base64 of the DER signature&gt;</c>.
/// </summary>
public sealed record SignedTreeHead(string Origin, long Size, byte[] Root, byte[] Signature)
{
    private const string SignatureLinePrefix = "\u2014 ";

    /// <summary>ec/v1/&lt;site&gt;/ledger.</summary>
    public static string OriginFor(string site) => $"ec/v1/{site}/ledger";

    /// <summary>The signed bytes: the checkpoint text (ASCII).</summary>
    public byte[] Checkpoint => CheckpointText(Origin, Size, Root);

    /// <summary>The published form: checkpoint text, blank line, signature line (UTF-8, for the em dash).</summary>
    public byte[] Note => Encoding.UTF8.GetBytes(Encoding.ASCII.GetString(Checkpoint) + "\n" + SignatureLinePrefix + Origin + " " + Convert.ToBase64String(Signature) + "\n");

    /// <summary>The checkpoint text of a tree.</summary>
    public static byte[] CheckpointText(string origin, long size, byte[] root) =>
        Encoding.ASCII.GetBytes(origin + "\n" + size.ToString(CultureInfo.InvariantCulture) + "\n" + Convert.ToBase64String(root) + "\n");

    /// <summary>Signs the head of a tree.</summary>
    public static SignedTreeHead Sign(GatewaySigningKey key, string origin, long size, byte[] root) =>
        new(origin, size, root, key.SignDer(CheckpointText(origin, size, root)));

    /// <summary>True when the signature verifies under publicKey.</summary>
    public bool Verify(ECDsa publicKey) => GatewaySigningKey.VerifyDer(publicKey, Checkpoint, Signature);

    /// <summary>Reads a checkpoint text and its DER signature (the files `head` writes); null when the text is not a checkpoint.</summary>
    public static SignedTreeHead? Parse(byte[] checkpoint, byte[] signature)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(checkpoint);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        // Exactly the three lines this gateway writes: extension lines would be signed text this
        // reader ignores, so it refuses them rather than vouch for what it did not read.
        string[] lines = text.Split('\n');
        if (lines.Length != 4 || lines[3].Length != 0 || lines[0].Length == 0
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
            || lines[1] != size.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            return null;
        }

        return root.Length == MerkleHash.Bytes ? new SignedTreeHead(lines[0], size, root, signature) : null;
    }

    /// <summary>Reads the published form (note); null when it is not one.</summary>
    public static SignedTreeHead? ParseNote(byte[] note)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(note);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        int blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (blank < 0 || !text.EndsWith('\n'))
        {
            return null;
        }

        string signatureLine = text[(blank + 2)..^1];
        SignedTreeHead? head = Parse(Encoding.ASCII.GetBytes(text[..(blank + 1)]), []);
        if (head is null || !signatureLine.StartsWith(SignatureLinePrefix + head.Origin + " ", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return head with { Signature = Convert.FromBase64String(signatureLine[(SignatureLinePrefix.Length + head.Origin.Length + 1)..]) };
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
