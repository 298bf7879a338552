import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { placeAddress, type AddressParts } from "#app/domain/places/place-address.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { CENTRE_ROLES, requireRole, type StaffActor } from "#app/domain/requests/request-access.server.ts";

export type PhoneAppealInput = {
  phone: string;
  categoryCode?: string;
  description: string;
  /** Free-text address (kept for callers without the street list). */
  address?: string;
  /** The problem's place as dictated: a street from the list (or its former name), house, flat, entrance. */
  place?: AddressParts;
  /** The pin the operator placed or moved on the map; wins over the street's point. */
  pin?: { lat: number; lon: number } | null;
  fullName?: string;
  residence?: string;
  isBeneficiary?: boolean;
  beneficiaryCategory?: string;
  /** Register as an official appeal (Law 393/96): needs full name and residence. */
  official?: { kind: "PROPOSAL" | "APPLICATION" | "COMPLAINT" } | null;
};

/**
 * An oral appeal by phone, recorded by a hotline operator (valid under Law 393/96):
 * a PHONE_OPERATOR request with the operator as the actor.
 */
export async function registerPhoneAppeal(options: { actor: StaffActor; input: PhoneAppealInput; receivedAt?: Date }) {
  requireRole(options.actor, CENTRE_ROLES);
  const i = options.input;
  if (!i.phone?.trim()) throw new AppError("VALIDATION", "errors:calls.phoneRequired", { field: "phone" });
  // The number is the only way back to the caller: a mistyped one is caught here, on the form.
  if (!normalizePhone(i.phone)) throw new AppError("VALIDATION", "errors:calls.phoneInvalid", { field: "phone" });
  const placed = await placeAddress({ parts: i.place ?? {}, pin: i.pin });
  const result = await submitRequest({
    channel: "PHONE_OPERATOR",
    actor: { type: "STAFF", id: options.actor.id },
    description: i.description,
    categoryCode: i.categoryCode || undefined,
    address: placed.address ?? (i.address || undefined),
    location: placed.location,
    receivedAt: options.receivedAt,
    citizen: {
      phone: i.phone,
      fullName: i.fullName || undefined,
      residence: i.residence || undefined,
      isBeneficiary: Boolean(i.isBeneficiary),
      beneficiaryCategory: i.beneficiaryCategory || undefined,
      identity: undefined,
    },
    appeal: i.official ? { kind: i.official.kind } : undefined,
  });
  return {
    id: result.request.id,
    number: result.request.number,
    districtId: result.request.districtId,
    outageId: result.request.outageId,
    departmentId: result.request.departmentId,
  };
}
