namespace EdgeController.Hal
{
    /// <summary>
    /// The bidirectional converter between the DC bus and the battery (a DC-DC stage, or the
    /// battery port of a hybrid inverter): it takes a power command and regulates to it.
    /// Shaped like the hardware: one write, which can go unanswered.
    /// </summary>
    public interface IBatteryConverter
    {
        /// <summary>
        /// Commands the battery power, mW, positive = discharge (battery into the bus), negative =
        /// charge, 0 = idle. The converter clips to its own rating.
        /// </summary>
        /// <returns>False when the converter did not take the command (no answer, bus fault): it keeps its previous one.</returns>
        bool SetPowerMilliwatts(int powerMilliwatts);
    }
}
