namespace Cosim.Server.Link;

/// <summary>A Tlps or DeviceReset frame named a channel this side does not serve: Error UnknownChannel, then close.</summary>
internal sealed class LinkChannelRefusedException : Exception
{
    public LinkChannelRefusedException(string message)
        : base(message)
    {
    }
}
