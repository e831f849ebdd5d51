package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values worked by hand from the G.107 formulas for G.711 (Ie = 0, Bpl = 25.1 / 4.3). */
@DisplayName("ITU-T G.107 E-model")
class EModelTest {

    @Test
    void defaultsGiveTheDefaultR() {
        assertThat(EModel.rFactor(0, 1, 0, true)).isCloseTo(93.2, offset(1e-9));
        // 1 + 0.035·93.2 + 93.2·33.2·6.8·7e-6 = 1 + 3.262 + 0.14728...
        assertThat(EModel.mos(93.2)).isCloseTo(4.40929, offset(1e-5));
    }

    @ParameterizedTest(name = "Ppl {0} %, BurstR {1}, PLC {2}: R {3}")
    @CsvSource({
        // Ie,eff = 95·Ppl / (Ppl/BurstR + Bpl)
        "2, 1, true, 86.18893",   // 190 / 27.1 = 7.01107
        "2, 2, true, 85.92031",   // 190 / 26.1 = 7.27969
        "2, 1, false, 63.04127",  // 190 / 6.3 = 30.15873
    })
    void lossImpairment(double ppl, double burstR, boolean plc, double expectedR) {
        assertThat(EModel.rFactor(ppl, burstR, 0, plc)).isCloseTo(expectedR, offset(1e-4));
    }

    @Test
    void tenPercentRandomLossWithPlc() {
        // Ie,eff = 950 / 35.1 = 27.06553, R = 66.13447, MOS = 1 + 2.31471 + 66.13447·6.13447·33.86553·7e-6 = 3.41088
        assertThat(EModel.rFactor(10, 1, 0, true)).isCloseTo(66.13447, offset(1e-4));
        assertThat(EModel.mos(66.13447)).isCloseTo(3.41088, offset(1e-4));
    }

    @Test
    void delayImpairmentIdd() {
        assertThat(EModel.delayImpairment(100)).isZero();
        // Ta = 200: X = 1, Idd = 25·(2^⅙ − 3·(1 + 3⁻⁶)^⅙ + 2) = 25·(1.122462 − 3.000686 + 2) = 3.04443
        assertThat(EModel.delayImpairment(200)).isCloseTo(3.04443, offset(1e-4));
        // Ta = 400: X = 2, Idd = 25·(65^⅙ − 3·(1 + (2/3)⁶)^⅙ + 2) = 25·(2.005175 − 3.042371 + 2) = 24.0701
        assertThat(EModel.delayImpairment(400)).isCloseTo(24.0701, offset(1e-3));
        assertThat(EModel.rFactor(0, 1, 200, true)).isCloseTo(93.2 - 3.04443, offset(1e-4));
    }

    @Test
    void oneWayDelayIsHalfRttPlusPlayoutPlusPtime() {
        assertThat(EModel.oneWayDelayMs(100, 60)).isEqualTo(130.0);
    }

    @ParameterizedTest(name = "R {0}: MOS {1}")
    @CsvSource({"-5, 1", "0, 1", "50, 2.575", "100, 4.5", "120, 4.5"})
    void mosAnnexB(double r, double mos) {
        assertThat(EModel.mos(r)).isCloseTo(mos, offset(1e-9));
    }

    @Test
    void rejectsImpossibleInputs() {
        assertThatThrownBy(() -> EModel.rFactor(-1, 1, 0, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EModel.rFactor(1, 0, 0, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
