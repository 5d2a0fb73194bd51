// tlp_probe: the TLP-stream interface with no logic behind it. Every output the bridge reads is a copy of a
// probe_* input the test drives, and every input the bridge drives is visible, so that a test can play the RTL
// beat by beat, including beats that break the stream rules. 128-bit data path (4 lanes).
module tlp_probe (
    input  wire         clk,
    input  wire         rst,
    input  wire         h2d_req_valid,
    output wire         h2d_req_ready,
    input  wire [127:0] h2d_req_data,
    input  wire [3:0]   h2d_req_keep,
    input  wire         h2d_req_sop,
    input  wire         h2d_req_eop,
    input  wire [2:0]   h2d_req_bar,
    output wire         d2h_cpl_valid,
    input  wire         d2h_cpl_ready,
    output wire [127:0] d2h_cpl_data,
    output wire [3:0]   d2h_cpl_keep,
    output wire         d2h_cpl_sop,
    output wire         d2h_cpl_eop,
    input  wire [15:0]  completer_id,
    // what the test drives
    input  wire         probe_h2d_req_ready,
    input  wire         probe_valid,
    input  wire [127:0] probe_data,
    input  wire [3:0]   probe_keep,
    input  wire         probe_sop,
    input  wire         probe_eop,
    // what the test observes
    output reg  [31:0]  beats_taken,     // h2d_req beats that moved since reset
    output reg  [127:0] last_beat        // the last h2d_req beat that moved
);
    assign h2d_req_ready = probe_h2d_req_ready;
    assign d2h_cpl_valid = probe_valid;
    assign d2h_cpl_data = probe_data;
    assign d2h_cpl_keep = probe_keep;
    assign d2h_cpl_sop = probe_sop;
    assign d2h_cpl_eop = probe_eop;

    always @(posedge clk) begin
        if (rst) begin
            beats_taken <= 32'd0;
            last_beat <= 128'd0;
        end else if (h2d_req_valid && h2d_req_ready) begin
            beats_taken <= beats_taken + 32'd1;
            last_beat <= h2d_req_data;
        end
    end

    wire unused = &{1'b0, h2d_req_keep, h2d_req_sop, h2d_req_eop, h2d_req_bar, d2h_cpl_ready, completer_id};
endmodule
