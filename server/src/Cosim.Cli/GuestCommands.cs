using System.CommandLine;
using Cosim.Qemu;

namespace Cosim.Cli;

/// <summary><c>cosim guest build</c>: provisions QEMU and builds the test guest (cached; seconds when up to date).</summary>
internal static class GuestCommands
{
    public static Command Create()
    {
        var build = new Command(
            "build",
            "Provision QEMU >= 10.1 (a cached Debian trixie root when the system QEMU is older) and build the test guest: "
            + "Debian kernel, modules, test programs and a busybox initramfs. Prints the kernel and initramfs paths.");
        build.SetAction(async (ParseResult _, CancellationToken cancellationToken) =>
        {
            GuestImage image = await GuestProvisioner.EnsureAsync(Console.Error.WriteLine, cancellationToken);
            Console.WriteLine($"kernel={image.KernelPath}");
            Console.WriteLine($"initrd={image.InitrdPath}");
            return 0;
        });

        var guest = new Command("guest", "The test guest that QEMU boots.");
        guest.Subcommands.Add(build);
        return guest;
    }
}
