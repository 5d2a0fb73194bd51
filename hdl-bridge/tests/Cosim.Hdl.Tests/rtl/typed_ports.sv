// Ports of SystemVerilog types that are still plain bit vectors: a typedef, a packed struct, a packed array,
// an enum, and a name with a double underscore (which Verilator stores under an encoded C++ name).
typedef logic [7:0] byte_t;
typedef struct packed {
    logic [3:0] tag;
    byte_t      data;
    logic       last;
} beat_t;
typedef enum logic [1:0] { IDLE, BUSY, DONE } state_t;

module typed_ports (
    input  wire             clk,
    input  byte_t           a_byte,
    input  beat_t           beat,
    output logic [3:0][7:0] lanes,
    output state_t          state,
    input  wire             go__now
);
    assign lanes = {a_byte, beat.data, {4'd0, beat.tag}, {7'd0, beat.last}};
    always_ff @(posedge clk) state <= go__now ? BUSY : IDLE;
endmodule
