/** One entry of the member registry (columns as in `shared/contract/members.csv`). */
export interface Member {
  insuranceNumber: string;
  firstName: string;
  lastName: string;
  street: string;
  postalCode: string;
  city: string;
  portalAccount: boolean;
}
