namespace Cosim.Tlp;

/// <summary>AT[1:0], byte 2 bits 3:2 (PCIe Base 6.0 §2.2.4.1): Address Translation Services state of the address.</summary>
public enum AddressType : byte
{
    /// <summary>00b: Default/Untranslated.</summary>
    Untranslated = 0b00,

    /// <summary>01b: Translation Request.</summary>
    TranslationRequest = 0b01,

    /// <summary>10b: Translated.</summary>
    Translated = 0b10,

    /// <summary>11b: Reserved.</summary>
    Reserved = 0b11,
}
