using System.Globalization;
using System.Text.Json;

namespace Cosim.Qemu;

/// <summary>
/// Builds the QEMU argument list for a test boot: q35, shared memfd RAM (so DMA_MAP arrives with fds), one
/// <c>vfio-user-pci</c> per Cosim device behind its own root port (a real PCIe endpoint, not an RCiEP), the
/// serial console on stdout, and the guest test named on the kernel command line.
/// </summary>
public static class QemuCommandLine
{
    /// <summary>The arguments after the QEMU binary name.</summary>
    public static IReadOnlyList<string> Build(GuestRunOptions options, GuestImage image, string accelerator)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var args = new List<string>
        {
            "-machine", "q35", "-accel", accelerator,
            "-cpu", "max", "-smp", options.Cpus.ToString(inv),
            "-m", options.MemoryMiB.ToString(inv) + "M",
            "-object", string.Create(inv, $"memory-backend-memfd,id=ram0,size={options.MemoryMiB}M,share=on"),
            "-machine", "memory-backend=ram0",
            "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", image.KernelPath, "-initrd", image.InitrdPath,
            "-append", KernelCommandLine(options),
        };

        if (options.InterruptRemapping)
        {
            // Multi-message MSI on x86 needs interrupt remapping; dma-translation=off keeps bus addresses
            // guest-physical (with translation on, QEMU aborts: vfio-user DMA maps need caching mode).
            args.AddRange(["-device", "intel-iommu,intremap=on,dma-translation=off"]);
        }

        for (int i = 0; i < options.Devices.Count; i++)
        {
            VfioUserDevice device = options.Devices[i];
            string port = string.Create(inv, $"rp{i}");
            args.AddRange(["-device", string.Create(inv, $"pcie-root-port,id={port},chassis={i + 1},slot={i + 1}")]);
            args.AddRange(["-device", VfioUserDeviceJson(device, port)]);
        }

        foreach (string extra in options.ExtraDevices)
        {
            args.AddRange(["-device", extra]);
        }

        args.AddRange(options.ExtraArguments);

        return args;
    }

    /// <summary>The kernel command line: serial console, quiet, and the init's <c>cosim.*</c> parameters.</summary>
    public static string KernelCommandLine(GuestRunOptions options)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var words = new List<string>
        {
            // no_timer_check: under TCG on a loaded host the kernel's IO-APIC timer check can fail and panic at boot.
            "console=ttyS0", "panic=-1", "rdinit=/init", "quiet", "loglevel=4", "no_timer_check",
            "cosim.test=" + options.TestName,
            "cosim.timeout=" + ((int)options.TestTimeout.TotalSeconds).ToString(inv),
        };

        if (options.TestArguments.Count > 0)
        {
            foreach (string argument in options.TestArguments)
            {
                if (argument.Contains(' ', StringComparison.Ordinal) || argument.Contains(',', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Guest test argument '{argument}' contains a space or comma; the kernel command line cannot carry it.", nameof(options));
                }
            }

            words.Add("cosim.args=" + string.Join(',', options.TestArguments));
        }

        if (options.Modules.Count > 0)
        {
            words.Add("cosim.modules=" + string.Join(',', options.Modules));
        }

        return string.Join(' ', words);
    }

    private static string VfioUserDeviceJson(VfioUserDevice device, string bus) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["driver"] = "vfio-user-pci",
            ["socket"] = new Dictionary<string, string> { ["type"] = "unix", ["path"] = device.SocketPath },
            ["bus"] = bus,
            ["x-msg-timeout"] = device.MessageTimeoutMilliseconds,
        });
}
