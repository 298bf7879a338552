// exifr's lite browser build has the same API as the package's main entry (typed there).
declare module "exifr/dist/lite.esm.mjs" {
  import exifr from "exifr";
  export default exifr;
}
