public enum GradientsPlaceholder {}
