/*
 * native-vfio-user: the smallest vfio-user server that stock QEMU's vfio-user-pci accepts, in plain C,
 * as the latency floor for `cosim bench mmio`. One thread, blocking I/O, one message at a time:
 * read a header, read the body, handle, reply (never to NO_REPLY). No third-party code.
 *
 * Device: vendor 1234, device c05b, one 4 KiB 32-bit memory BAR0 of scratch registers, a PCI Express
 * capability (so it is a normal endpoint behind a root port), no interrupts.
 *
 * Build: cc -O2 -Wall -o native-vfio-user native-vfio-user.c     Run: ./native-vfio-user /path/to.sock
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum { VERSION = 1, DMA_MAP, DMA_UNMAP, GET_INFO, GET_REGION_INFO, GET_IRQ_INFO = 7, SET_IRQS,
       REGION_READ, REGION_WRITE, DEVICE_RESET = 13 };
enum { REPLY = 1, NO_REPLY = 0x10, ERROR = 0x20 };
enum { CONFIG_REGION = 7, BAR0_SIZE = 4096, CONFIG_SIZE = 256 };

struct header { uint16_t id, command; uint32_t size, flags, error; };

static uint8_t config[CONFIG_SIZE];
static uint8_t bar0[BAR0_SIZE];
static uint32_t bar0_address;
static uint8_t buffer[1 << 20];

static void put16(int o, uint16_t v) { memcpy(&config[o], &v, 2); }
static void put32(int o, uint32_t v) { memcpy(&config[o], &v, 4); }

static void config_reset(void)
{
    memset(config, 0, sizeof config);
    put16(0x00, 0x1234); put16(0x02, 0xc05b);          /* Vendor ID, Device ID */
    put16(0x06, 0x0010);                                /* Status: Capabilities List */
    put32(0x08, 0x00ff0000);                            /* Class: unassigned, revision 0 */
    put32(0x10, bar0_address = 0);                      /* BAR0: 32-bit memory */
    config[0x34] = 0x40;                                /* Capabilities Pointer */
    put16(0x40, 0x0010); put16(0x42, 0x0002);           /* PCIe cap v2, Endpoint; next 0 */
    put32(0x44, 0x00008000);                            /* Device Capabilities: role-based error reporting */
    put32(0x4c, 0x00000411);                            /* Link Capabilities: x1, 2.5 GT/s */
    put16(0x52, 0x0011);                                /* Link Status: x1, 2.5 GT/s */
}

static int read_full(int fd, void *p, size_t n)
{
    for (size_t done = 0; done < n; ) {
        ssize_t r = read(fd, (char *)p + done, n - done);
        if (r <= 0) return -1;
        done += (size_t)r;
    }
    return 0;
}

static void reply(int fd, struct header *h, const void *body, uint32_t size, int error)
{
    if (h->flags & NO_REPLY) return;
    struct header r = { h->id, h->command, (uint32_t)sizeof r + (error ? 0 : size), REPLY, 0 };
    if (error) { r.flags |= ERROR; r.error = (uint32_t)error; }
    struct iovec iov[2] = { { &r, sizeof r }, { (void *)body, error ? 0 : size } };
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
    if (sendmsg(fd, &m, MSG_NOSIGNAL) < 0) perror("sendmsg");
}

static void config_write(uint32_t offset, const uint8_t *data, uint32_t count)
{
    for (uint32_t i = 0; i < count && offset + i < CONFIG_SIZE; i++) {
        uint32_t o = offset + i;
        if (o == 0x04 || o == 0x05 || o == 0x3c) config[o] = data[i];   /* Command, Interrupt Line */
        else if (o >= 0x10 && o < 0x14) config[o] = data[i];            /* BAR0, sized below */
    }
    uint32_t bar; memcpy(&bar, &config[0x10], 4);
    bar0_address = bar & ~(uint32_t)(BAR0_SIZE - 1);
    put32(0x10, bar0_address);                                          /* low bits: 32-bit, non-prefetchable */
}

static void handle(int fd, struct header *h, uint8_t *body, uint32_t length)
{
    uint32_t *w = (uint32_t *)body;
    switch (h->command) {
    case VERSION: {
        static const char json[] = "{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":1048576}}";
        uint8_t out[4 + sizeof json] = { 0 };
        memcpy(out + 4, json, sizeof json);
        reply(fd, h, out, sizeof out, 0);
        return;
    }
    case DMA_MAP: case DMA_UNMAP: case SET_IRQS: case DEVICE_RESET:
        if (h->command == DEVICE_RESET) config_reset();
        reply(fd, h, NULL, 0, 0);
        return;
    case GET_INFO: {
        uint32_t out[4] = { 16, 3 /* RESET | PCI */, 9, 5 };
        reply(fd, h, out, sizeof out, 0);
        return;
    }
    case GET_REGION_INFO: {
        if (length < 32) { reply(fd, h, NULL, 0, EINVAL); return; }
        uint32_t index = w[2];
        uint64_t size = index == 0 ? BAR0_SIZE : index == CONFIG_REGION ? CONFIG_SIZE : 0;
        uint32_t out[8] = { 32, size ? 3u : 0u, index, 0 };
        memcpy(&out[4], &size, 8);
        reply(fd, h, out, sizeof out, 0);
        return;
    }
    case GET_IRQ_INFO: {
        if (length < 16) { reply(fd, h, NULL, 0, EINVAL); return; }
        uint32_t out[4] = { 16, 1 /* EVENTFD */, w[2], 0 };
        reply(fd, h, out, sizeof out, 0);
        return;
    }
    case REGION_READ: case REGION_WRITE: {
        if (length < 16) { reply(fd, h, NULL, 0, EINVAL); return; }
        uint64_t offset; memcpy(&offset, body, 8);
        uint32_t region = w[2], count = w[3];
        uint8_t *space = region == 0 ? bar0 : region == CONFIG_REGION ? config : NULL;
        uint64_t limit = region == 0 ? BAR0_SIZE : CONFIG_SIZE;
        if (!space || offset + count > limit || count > sizeof buffer - 16) { reply(fd, h, NULL, 0, EINVAL); return; }
        if (h->command == REGION_READ) {
            memcpy(body + 16, space + offset, count);
            reply(fd, h, body, 16 + count, 0);
        } else {
            if (length < 16 + count) { reply(fd, h, NULL, 0, EINVAL); return; }
            if (region == CONFIG_REGION) config_write((uint32_t)offset, body + 16, count);
            else memcpy(space + offset, body + 16, count);
            reply(fd, h, body, 16, 0);
        }
        return;
    }
    default:
        reply(fd, h, NULL, 0, ENOTSUP);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: %s SOCKET\n", argv[0]); return 2; }
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    snprintf(address.sun_path, sizeof address.sun_path, "%s", argv[1]);
    unlink(argv[1]);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 1)) { perror(argv[1]); return 1; }
    fprintf(stderr, "native-vfio-user: listening on %s\n", argv[1]);
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) { perror("accept"); return 1; }
        config_reset();
        struct header h;
        while (read_full(fd, &h, sizeof h) == 0) {
            /* fds sent with DMA_MAP and SET_IRQS are dropped by the kernel because read() takes no ancillary
               data: this server needs neither guest memory nor interrupts. */
            uint32_t length = h.size - (uint32_t)sizeof h;
            if (h.size < sizeof h || length > sizeof buffer - 16 || read_full(fd, buffer, length)) break;
            handle(fd, &h, buffer, length);
        }
        close(fd);
    }
}
