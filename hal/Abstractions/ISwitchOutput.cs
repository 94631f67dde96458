namespace EdgeController.Hal
{
    /// <summary>
    /// An on/off output driving a relay or contactor coil (the battery contactor, a load
    /// disconnect). Whether the contacts really moved is not reported: a welded contactor shows
    /// only as current where none should flow, which protection watches.
    /// </summary>
    public interface ISwitchOutput
    {
        /// <summary>Energises (true) or releases (false) the coil.</summary>
        void Set(bool on);
    }
}
