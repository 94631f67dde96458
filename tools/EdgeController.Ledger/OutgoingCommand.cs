namespace EdgeController.Ledger;

/// <summary>A sealed command ready to publish: its device, kind, topic, bytes, retain flag and a line for the log.</summary>
public sealed record OutgoingCommand(string DeviceId, string Kind, string Topic, byte[] Message, bool Retain, string Summary);
