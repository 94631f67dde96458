namespace EdgeController.Ledger;

/// <summary>One message as the gateway received it: topic (null when not from MQTT), raw bytes, and the gateway's receive time.</summary>
public sealed record IncomingMessage(string? Topic, byte[] Raw, long ReceivedMilliseconds);
