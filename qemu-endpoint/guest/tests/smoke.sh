#!/bin/sh
# smoke.sh - kernel release and every PCI device as seen in sysfs (an lspci substitute). Exits 0.
echo "uname -r: $(uname -r)"
echo "cmdline: $(cat /proc/cmdline)"
echo "cpus: $(nproc)  mem: $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
# resource flags: IORESOURCE_IO 0x100, MEM 0x200, PREFETCH 0x2000, MEM_64 0x100000
for d in /sys/bus/pci/devices/*; do
    [ -e "$d/vendor" ] || continue
    bdf=${d##*/}
    drv=-; [ -L "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
    printf '%s vendor %s device %s class %s subsystem %s:%s rev %s irq %s driver %s\n' "$bdf" \
        "$(cat $d/vendor)" "$(cat $d/device)" "$(cat $d/class)" "$(cat $d/subsystem_vendor)" \
        "$(cat $d/subsystem_device)" "$(cat $d/revision 2>/dev/null || echo ?)" "$(cat $d/irq)" "$drv"
    i=0
    while read -r start end flags; do
        s=$((start)); e=$((end)); f=$((flags))
        if [ $e -ne 0 ] || [ $s -ne 0 ]; then
            if [ $((f & 0x100)) -ne 0 ]; then kind=io
            elif [ $((f & 0x100000)) -ne 0 ]; then kind=mem64
            else kind=mem32; fi
            [ $((f & 0x2000)) -ne 0 ] && kind="$kind prefetch"
            case $i in 6) what=rom ;; [0-5]) what=bar$i ;; *) what=res$i ;; esac
            printf '    %s %s 0x%x size 0x%x\n' "$what" "$kind" $s $((e - s + 1))
        fi
        i=$((i + 1))
    done < "$d/resource"
done
exit 0
