using System.CommandLine;
using EdgeController.Core;
using EdgeController.Ledger.Audit;

namespace EdgeController.Gateway;

/// <summary>The options the audit commands share: the signing key beside the ledger, and the site of a head.</summary>
internal static class AuditPaths
{
    public static Option<FileInfo?> SigningKey() => new("--signing-key")
    {
        Description = $"The gateway's ECDSA P-256 key (PKCS#8 PEM, created 0600 when missing; default: <ledger>{GatewaySigningKey.DefaultSuffix}).",
    };

    public static string SigningKeyPath(FileInfo? given, FileInfo ledger) => given?.FullName ?? GatewaySigningKey.DefaultPath(ledger.FullName);

    /// <summary>The site a head is signed for: given, else the newest head's, else the ledger file's name.</summary>
    public static string? Site(string? given, SignedTreeHead? newest, FileInfo ledger)
    {
        if (given is not null)
        {
            return Identifiers.IsValid(given) ? given : null;
        }

        if (newest is not null && newest.Origin.StartsWith("ec/v1/", StringComparison.Ordinal) && newest.Origin.EndsWith("/ledger", StringComparison.Ordinal))
        {
            return newest.Origin["ec/v1/".Length..^"/ledger".Length];
        }

        string name = Path.GetFileNameWithoutExtension(ledger.Name);
        return Identifiers.IsValid(name) ? name : null;
    }
}
