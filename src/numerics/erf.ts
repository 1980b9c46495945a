/**
 * @license
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunPro, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 *
 * TypeScript port of FreeBSD lib/msun/src/s_erf.c (fdlibm 5.3, @(#)s_erf.c 5.1 93/09/24).
 */

/*
 * Why: erf/erfc are needed to a few float64 ulps *relative* everywhere,
 * including the far tails. erfc(x) as 1 - erf(x) cancels completely for large
 * x, and exp(-x*x) with a rounded x*x is off by ~x^2 ulps, so fdlibm's
 * per-interval rational approximations are used, and exp(-x^2) is evaluated as
 * exp(-z*z) * exp((z-x)*(z+x)) with z = x cut to 21 significant bits so
 * z*z is exact.
 *
 * Method (fdlibm):
 *   |x| in [0, 0.84375):      erf(x) = x + x*R(x^2)
 *   |x| in [0.84375, 1.25):   erf(x) = sign(x) * (c + P1(s)/Q1(s)), s = |x| - 1
 *   |x| in [1.25, 1/0.35):    erfc(x) = exp(-x*x - 0.5625 + R1/S1) / x
 *   |x| in [1/0.35, 28):      erfc(x) = exp(-x*x - 0.5625 + R2/S2) / x
 * with erfc(-x) = 2 - erfc(x), erf(-x) = -erf(x).
 */

/*
 * Deviation from fdlibm: instead of clearing the low 32 bits of x (a typed-array
 * store/partial store/load round trip, which measured ~20 ns/call in V8 because
 * of the store-forwarding stall, doubling the cost of expNegHalfSquare), x is
 * rounded to 21 significant bits with Veltkamp/Dekker splitting. The head z
 * has the same property fdlibm needs: z*z is exact (42 bits), -z*z-0.5625 is
 * exact for |x| < 28, and x - z is exact and tiny (|x - z| <= 2^-21 |x|).
 * Valid while SPLIT*x does not overflow (|x| < 4e298); callers use |x| < 40.
 */
const SPLIT = 4294967297; // 2^32 + 1: keep 53 - 32 = 21 significant bits

/** x rounded to 21 significant bits, so that its square is exact in float64. */
function head21(x: number): number {
  const c = SPLIT * x;
  return c - (c - x);
}

const TINY = 1e-300;
const HALF = 0.5;
const ONE = 1;
const TWO = 2;

// Thresholds, equivalent to fdlibm's high-word comparisons.
const THRESH_084375 = 0.84375; // ix < 0x3feb0000
const THRESH_2M28 = 3.725290298461914e-9; // ix < 0x3e300000 (2^-28)
const THRESH_2M56 = 1.3877787807814457e-17; // ix < 0x3c700000 (2^-56)
const THRESH_2M1015 = 2.848094538889218e-306; // ix < 0x00800000 (2^-1015)
const THRESH_125 = 1.25; // ix < 0x3ff40000
const THRESH_6 = 6; // ix >= 0x40180000
const THRESH_28 = 28; // ix < 0x403c0000
const THRESH_ERF_035 = 2.8571434020996094; // ix < 0x4006DB6E (erf)
const THRESH_ERFC_035 = 2.8571414947509766; // ix < 0x4006DB6D (erfc)

/* c = (float)0.84506291151 */
const erx = 8.45062911510467529297e-1; /* 0x3FEB0AC1, 0x60000000 */
/*
 * In the domain [0, 2**-28], only the first term in the power series
 * expansion of erf(x) is used.  The magnitude of the first neglected
 * terms is less than 2**-84.
 */
const efx = 1.28379167095512586316e-1; /* 0x3FC06EBA, 0x8214DB69 */
const efx8 = 1.02703333676410069053e0; /* 0x3FF06EBA, 0x8214DB69 */
/* Coefficients for approximation to erf on [0,0.84375] */
const pp0 = 1.28379167095512558561e-1; /* 0x3FC06EBA, 0x8214DB68 */
const pp1 = -3.25042107247001499370e-1; /* 0xBFD4CD7D, 0x691CB913 */
const pp2 = -2.84817495755985104766e-2; /* 0xBF9D2A51, 0xDBD7194F */
const pp3 = -5.77027029648944159157e-3; /* 0xBF77A291, 0x236668E4 */
const pp4 = -2.37630166566501626084e-5; /* 0xBEF8EAD6, 0x120016AC */
const qq1 = 3.97917223959155352819e-1; /* 0x3FD97779, 0xCDDADC09 */
const qq2 = 6.50222499887672944485e-2; /* 0x3FB0A54C, 0x5536CEBA */
const qq3 = 5.08130628187576562776e-3; /* 0x3F74D022, 0xC4D36B0F */
const qq4 = 1.32494738004321644526e-4; /* 0x3F215DC9, 0x221C1A10 */
const qq5 = -3.96022827877536812320e-6; /* 0xBED09C43, 0x42A26120 */
/* Coefficients for approximation to erf in [0.84375,1.25] */
const pa0 = -2.36211856075265944077e-3; /* 0xBF6359B8, 0xBEF77538 */
const pa1 = 4.14856118683748331666e-1; /* 0x3FDA8D00, 0xAD92B34D */
const pa2 = -3.72207876035701323847e-1; /* 0xBFD7D240, 0xFBB8C3F1 */
const pa3 = 3.18346619901161753674e-1; /* 0x3FD45FCA, 0x805120E4 */
const pa4 = -1.10894694282396677476e-1; /* 0xBFBC6398, 0x3D3E28EC */
const pa5 = 3.54783043256182359371e-2; /* 0x3FA22A36, 0x599795EB */
const pa6 = -2.16637559486879084300e-3; /* 0xBF61BF38, 0x0A96073F */
const qa1 = 1.06420880400844228286e-1; /* 0x3FBB3E66, 0x18EEE323 */
const qa2 = 5.40397917702171048937e-1; /* 0x3FE14AF0, 0x92EB6F33 */
const qa3 = 7.18286544141962662868e-2; /* 0x3FB2635C, 0xD99FE9A7 */
const qa4 = 1.26171219808761642112e-1; /* 0x3FC02660, 0xE763351F */
const qa5 = 1.36370839120290507362e-2; /* 0x3F8BEDC2, 0x6B51DD1C */
const qa6 = 1.19844998467991074170e-2; /* 0x3F888B54, 0x5735151D */
/* Coefficients for approximation to erfc in [1.25,1/0.35] */
const ra0 = -9.86494403484714822705e-3; /* 0xBF843412, 0x600D6435 */
const ra1 = -6.93858572707181764372e-1; /* 0xBFE63416, 0xE4BA7360 */
const ra2 = -1.05586262253232909814e1; /* 0xC0251E04, 0x41B0E726 */
const ra3 = -6.23753324503260060396e1; /* 0xC04F300A, 0xE4CBA38D */
const ra4 = -1.62396669462573470355e2; /* 0xC0644CB1, 0x84282266 */
const ra5 = -1.84605092906711035994e2; /* 0xC067135C, 0xEBCCABB2 */
const ra6 = -8.12874355063065934246e1; /* 0xC0545265, 0x57E4D2F2 */
const ra7 = -9.81432934416914548592e0; /* 0xC023A0EF, 0xC69AC25C */
const sa1 = 1.96512716674392571292e1; /* 0x4033A6B9, 0xBD707687 */
const sa2 = 1.37657754143519042600e2; /* 0x4061350C, 0x526AE721 */
const sa3 = 4.34565877475229228821e2; /* 0x407B290D, 0xD58A1A71 */
const sa4 = 6.45387271733267880336e2; /* 0x40842B19, 0x21EC2868 */
const sa5 = 4.29008140027567833386e2; /* 0x407AD021, 0x57700314 */
const sa6 = 1.08635005541779435134e2; /* 0x405B28A3, 0xEE48AE2C */
const sa7 = 6.57024977031928170135e0; /* 0x401A47EF, 0x8E484A93 */
const sa8 = -6.04244152148580987438e-2; /* 0xBFAEEFF2, 0xEE749A62 */
/* Coefficients for approximation to erfc in [1/.35,28] */
const rb0 = -9.86494292470009928597e-3; /* 0xBF843412, 0x39E86F4A */
const rb1 = -7.99283237680523006574e-1; /* 0xBFE993BA, 0x70C285DE */
const rb2 = -1.77579549177547519889e1; /* 0xC031C209, 0x555F995A */
const rb3 = -1.60636384855821916062e2; /* 0xC064145D, 0x43C5ED98 */
const rb4 = -6.37566443368389627722e2; /* 0xC083EC88, 0x1375F228 */
const rb5 = -1.02509513161107724954e3; /* 0xC0900461, 0x6A2E5992 */
const rb6 = -4.83519191608651397019e2; /* 0xC07E384E, 0x9BDC383F */
const sb1 = 3.03380607434824582924e1; /* 0x403E568B, 0x261D5190 */
const sb2 = 3.25792512996573918826e2; /* 0x40745CAE, 0x221B9F0A */
const sb3 = 1.53672958608443695994e3; /* 0x409802EB, 0x189D5118 */
const sb4 = 3.19985821950859553908e3; /* 0x40A8FFB7, 0x688C246A */
const sb5 = 2.55305040643316442583e3; /* 0x40A3F219, 0xCEDF3BE6 */
const sb6 = 4.74528541206955367215e2; /* 0x407DA874, 0xE79FE763 */
const sb7 = -2.24409524465858183362e1; /* 0xC03670E2, 0x42712D62 */

/**
 * x * erfc(x) for 1.25 <= x < 28 (x positive), i.e. exp(-x*x - 0.5625 + R/S).
 * `useB` selects the [1/0.35, 28) approximation.
 */
function tailRatio(x: number, useB: boolean): number {
  const s = ONE / (x * x);
  let R: number;
  let S: number;
  if (!useB) {
    R = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
    S = ONE + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
  } else {
    R = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
    S = ONE + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
  }
  return R / S;
}

/** erfc(x)·x for x in [1.25, 28): exp(-x*x - 0.5625 + R/S). */
function tailScaled(x: number, useB: boolean): number {
  const ratio = tailRatio(x, useB);
  // -x*x = -z*z + (z-x)*(z+x) with z*z exact, so exp(-x*x) loses nothing to the rounding of x*x.
  const z = head21(x);
  return Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + ratio);
}

/**
 * Error function, accurate to about 1 ulp (relative) on the whole real line,
 * including erf(tiny) = tiny * 2/sqrt(pi) without spurious underflow.
 * Exactly odd: erf(-x) === -erf(x).
 */
export function erf(x: number): number {
  if (x !== x) return x; // NaN
  const ax = Math.abs(x);
  if (ax < THRESH_084375) {
    if (ax < THRESH_2M28) {
      if (ax < THRESH_2M1015) return (8 * x + efx8 * x) / 8; // avoid spurious underflow
      return x + efx * x;
    }
    const z = x * x;
    const r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
    const s = ONE + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
    const y = r / s;
    return x + x * y;
  }
  if (ax < THRESH_125) {
    const s = ax - ONE;
    const P = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
    const Q = ONE + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
    return x > 0 ? erx + P / Q : -erx - P / Q;
  }
  if (ax >= THRESH_6) {
    // Includes ±Infinity. erf(6) = 1 - 2e-17 rounds to 1.
    return x > 0 ? ONE - TINY : TINY - ONE;
  }
  const r = tailScaled(ax, ax >= THRESH_ERF_035);
  return x > 0 ? ONE - r / ax : r / ax - ONE;
}

/**
 * Complementary error function 1 - erf(x), computed without cancellation:
 * relative accuracy of a few ulps for large positive x all the way into the
 * subnormal range (it underflows to 0 only for x > ~27.2), and erfc(-x) close
 * to 2 is correctly resolved.
 */
export function erfc(x: number): number {
  if (x !== x) return x; // NaN
  const ax = Math.abs(x);
  if (ax < THRESH_084375) {
    if (ax < THRESH_2M56) return ONE - x;
    const z = x * x;
    const r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
    const s = ONE + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
    const y = r / s;
    if (x < 0.25) return ONE - (x + x * y);
    return HALF - (x * y + (x - HALF));
  }
  if (ax < THRESH_125) {
    const s = ax - ONE;
    const P = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
    const Q = ONE + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
    if (x > 0) return ONE - erx - P / Q;
    return ONE + (erx + P / Q);
  }
  if (ax < THRESH_28) {
    const useB = ax >= THRESH_ERFC_035;
    if (x < 0 && ax >= THRESH_6) return TWO - TINY; // x <= -6: rounds to 2
    const r = tailScaled(ax, useB);
    return x > 0 ? r / ax : TWO - r / ax;
  }
  // |x| >= 28, including ±Infinity.
  return x > 0 ? 0 : TWO - TINY;
}

/**
 * exp(-x*x/2), the unnormalised normal density, to a few ulps relative for
 * |x| up to ~38. A naive Math.exp(-0.5*x*x) is off by ~x^2/4 ulps (hundreds
 * near |x| = 38) because exp magnifies the rounding error of x*x. Here
 * x = hi + lo with hi*hi exact, so x*x = hi*hi + lo*(x+hi) exactly and only the
 * small second exponent carries rounding error.
 */
export function expNegHalfSquare(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 40)) return ax === ax ? 0 : ax; // exp(-800) underflows; NaN propagates
  const hi = head21(ax);
  const lo = ax - hi;
  return Math.exp(-0.5 * (hi * hi)) * Math.exp(-0.5 * (lo * (ax + hi)));
}

/**
 * The scaled complementary error function erfcx(x) = exp(x²)·erfc(x), for x ≥ 0. It has no
 * exponential factor, so callers can form erfc(t)·exp(…) with the Gaussian computed from an
 * exact argument. From 1.25 on it is exp(R/S − 0.5625)/x with fdlibm's tail rational, whose
 * s = 1/x² form also holds past 28 (R/S → rb0 = ln(1/√π) + 0.5625 as x → ∞).
 */
export function erfcx(x: number): number {
  if (x !== x) return x; // NaN
  if (x < THRESH_125) return Math.exp(x * x) * erfc(x);
  if (x === Infinity) return 0;
  return Math.exp(tailRatio(x, x >= THRESH_ERFC_035) - 0.5625) / x;
}
