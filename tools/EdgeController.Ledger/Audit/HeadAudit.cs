using System.Security.Cryptography;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// What `ec-gateway audit` checks, with the public key and no database: a signed head; an
/// entry's raw bytes against an inclusion proof to that head (and, with the device keys, the
/// entry's own HMAC); an older head against a consistency proof to it. Each check returns
/// "" when it holds, else what failed.
/// </summary>
public static class HeadAudit
{
    /// <summary>The head's signature under the public key.</summary>
    public static string CheckHead(SignedTreeHead head, ECDsa publicKey) =>
        head.Verify(publicKey) ? "" : $"the head of {head.Origin} at size {head.Size} is not signed by this public key";

    /// <summary>That message is entry proof.Index of the tree the head signed.</summary>
    public static string CheckInclusion(SignedTreeHead head, ProofJson.InclusionProof proof, byte[] message)
    {
        if (proof.TreeSize != head.Size)
        {
            return $"the proof is for tree size {proof.TreeSize}, the head signs size {head.Size}";
        }

        byte[] leaf = MerkleHash.Leaf(message);
        if (!leaf.AsSpan().SequenceEqual(proof.LeafHash))
        {
            return $"the message's leaf hash {Convert.ToHexStringLower(leaf)} is not the proof's {Convert.ToHexStringLower(proof.LeafHash)}";
        }

        return MerkleProofs.VerifyInclusion(proof.Index - 1, head.Size, leaf, proof.Path, head.Root)
            ? ""
            : $"entry idx={proof.Index} does not lead to the signed root at size {head.Size}";
    }

    /// <summary>That the newer head's tree extends the older's.</summary>
    public static string CheckConsistency(SignedTreeHead older, SignedTreeHead newer, ProofJson.ConsistencyProof proof)
    {
        if (older.Origin != newer.Origin)
        {
            return $"the heads are of different logs ({older.Origin}, {newer.Origin})";
        }

        if (proof.From != older.Size || proof.To != newer.Size)
        {
            return $"the proof is from {proof.From} to {proof.To}, the heads sign {older.Size} and {newer.Size}";
        }

        return MerkleProofs.VerifyConsistency(older.Size, newer.Size, older.Root, newer.Root, proof.Path)
            ? ""
            : $"the tree at size {newer.Size} does not extend the signed tree at size {older.Size} (history was rewritten)";
    }

    /// <summary>The message's own HMAC under the device keys.</summary>
    public static string CheckDeviceSignature(byte[] message, KeyRegistry registry)
    {
        VerificationResult result = new ReadingVerifier(registry).Verify(null, message);
        return result.IsValid ? "" : $"the message's device signature does not verify: {result.Reason} {result.Detail}";
    }
}
