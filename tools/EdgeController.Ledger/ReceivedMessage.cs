using MQTTnet;

namespace EdgeController.Ledger;

/// <summary>A message as the receive loop queued it for the writer: what arrived, its verification, and the delivery to acknowledge once committed.</summary>
internal sealed record ReceivedMessage(IncomingMessage Message, VerificationResult Verification, MqttApplicationMessageReceivedEventArgs Delivery);
