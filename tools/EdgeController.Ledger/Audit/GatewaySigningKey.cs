using System.Security.Cryptography;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// The gateway's ECDSA P-256 key, which signs tree heads and OCMF records so that anyone with the
/// public key can check them. A PKCS#8 PEM file readable by its owner only (0600), created on
/// first use; by default beside the ledger as &lt;ledger&gt;.gateway-ecdsa.pem.
/// </summary>
public sealed class GatewaySigningKey : IDisposable
{
    /// <summary>The default key file's suffix beside the ledger.</summary>
    public const string DefaultSuffix = ".gateway-ecdsa.pem";

    private GatewaySigningKey(ECDsa key)
    {
        Key = key;
        PublicKey = ECDsa.Create();
        PublicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
    }

    /// <summary>The private key.</summary>
    public ECDsa Key { get; }

    /// <summary>The public half alone (what an auditor holds).</summary>
    public ECDsa PublicKey { get; }

    /// <summary>&lt;ledger without extension&gt;.gateway-ecdsa.pem.</summary>
    public static string DefaultPath(string ledgerPath) => Path.ChangeExtension(Path.GetFullPath(ledgerPath), null) + DefaultSuffix;

    /// <summary>Loads the key file, or creates it with a fresh P-256 key (mode 0600) when it does not exist.</summary>
    public static GatewaySigningKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            ECDsa loaded = ECDsa.Create();
            try
            {
                loaded.ImportFromPem(File.ReadAllText(path));
            }
            catch (ArgumentException exception)
            {
                loaded.Dispose();
                throw new KeyRegistryException($"{path}: not an ECDSA private key in PEM ({exception.Message})");
            }

            if (loaded.KeySize != 256)
            {
                loaded.Dispose();
                throw new KeyRegistryException($"{path}: the key is not on P-256");
            }

            return new GatewaySigningKey(loaded);
        }

        ECDsa created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string temporary = path + ".tmp";
        FileStreamOptions options = new() { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600, never readable by others even for an instant.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (StreamWriter writer = new(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(created.ExportPkcs8PrivateKeyPem());
            writer.Write('\n');
        }

        File.Move(temporary, path);
        return new GatewaySigningKey(created);
    }

    /// <summary>Loads a public key (SubjectPublicKeyInfo PEM, as gateway.pub.pem).</summary>
    public static ECDsa LoadPublicKey(string pemPath)
    {
        ECDsa key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pemPath));
        return key;
    }

    /// <summary>The public key as PEM (SubjectPublicKeyInfo), which openssl reads.</summary>
    public string PublicKeyPem() => Key.ExportSubjectPublicKeyInfoPem() + "\n";

    /// <summary>A short stable name of the key: the first 8 bytes of SHA-256 of its SubjectPublicKeyInfo, hex.</summary>
    public string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(Key.ExportSubjectPublicKeyInfo()).AsSpan(0, 8));

    /// <summary>ECDSA over SHA-256 of data, DER (ASN.1 SEQUENCE of r, s) as openssl writes and reads it.</summary>
    public byte[] SignDer(ReadOnlySpan<byte> data) => Key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Checks a DER signature over data with a public key.</summary>
    public static bool VerifyDer(ECDsa publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            return publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Key.Dispose();
        PublicKey.Dispose();
    }
}
