namespace EdgeController.Ledger.Audit;

/// <summary>
/// Where the gateway publishes HMAC checkpoints, it also signs a tree head with its ECDSA key (the
/// file beside the ledger, created when missing) and publishes the note retained on
/// ec/v1/&lt;site&gt;/_gateway/ledger/head. For "+" (every site) the head is signed for the
/// gateway's own name "_all" and stored, not published, as with the HMAC checkpoints.
/// </summary>
public static class SignedHeadPublisher
{
    /// <summary>The retained topic of a site's signed head.</summary>
    public static string Topic(string site) => $"ec/v1/{site}/_gateway/ledger/head";

    /// <summary>Signs and stores the head at the ledger's size; publishes it when site is one site. Returns the head, or null when the ledger is empty.</summary>
    public static async Task<SignedTreeHead?> SignAndPublishAsync(LedgerDatabase ledger, string site, long unixTimeMilliseconds,
        Func<string, byte[], CancellationToken, Task<bool>> publishRetained, CancellationToken cancellationToken)
    {
        using GatewaySigningKey key = GatewaySigningKey.LoadOrCreate(GatewaySigningKey.DefaultPath(ledger.Path));
        SignedTreeHead? head = ledger.Tree.SignHead(key, site == "+" ? "_all" : site, unixTimeMilliseconds);
        if (head is not null && site != "+")
        {
            await publishRetained(Topic(site), head.Note, cancellationToken).ConfigureAwait(false);
        }

        return head;
    }
}
